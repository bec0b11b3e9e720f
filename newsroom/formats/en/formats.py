"""English formats with a 24-hour clock (Django's use "4:30 p.m.")."""

DATETIME_FORMAT = "N j, Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
