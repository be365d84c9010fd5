"""foilbot: public-records requests, letters and statutory deadlines."""

__version__ = "0.1.0"
