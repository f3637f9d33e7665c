"""The numpy reference forward pass behind `lstmcalc run` (numpy is imported only here)."""
