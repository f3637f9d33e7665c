"""The few exceptions lstmcalc raises: unusable input at the edge, caught only in cli.py."""


class LstmcalcError(Exception):
    """Base of lstmcalc's own errors."""


class ConfigError(LstmcalcError):
    """The configuration file or an option value cannot be used."""
