"""foilbot: public-records requests, letters and statutory deadlines."""

__version__ = "0.1.0"
# The version of every documented JSON shape (docs/reference/json.md); bumped on an incompatible change.
JSON_VERSION = 1
