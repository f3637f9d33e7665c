"""What lstmcalc writes from a ModelSpec besides tables: Keras code for Keras 3 or tf.keras 2
(keras_code.py) and the report of what changes when a model moves between them."""
