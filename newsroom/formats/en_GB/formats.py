"""British English formats with a 24-hour clock (Django's use "4:30 p.m.")."""

DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
