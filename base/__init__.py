"""The ground floor every other layer stands on: settings, errors, formats, the MoU's date, the
Lampung reference data and the NIK's structure. It imports nothing else of Pantau's."""

__version__ = "0.1.0"
