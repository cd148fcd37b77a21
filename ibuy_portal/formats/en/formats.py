# The portal has always written English dates as "22 November 2018"; Django's English default is "Nov. 22, 2018".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
