# Django's Greek default is "22/11/2018"; the portal writes the month's name, in the genitive: "22 Νοεμβρίου 2018".
DATE_FORMAT = "j E Y"
MONTH_DAY_FORMAT = "j E"
