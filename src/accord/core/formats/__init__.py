"""Accord's date formats per language (settings.FORMAT_MODULE_PATH), so a template says which
kind of date it shows (`|date:"SHORT_DATE_FORMAT"`) and each language writes it its own way:
"5 Mar 2024" in English, "5 mar 2024" in Spanish, whose month names are lower case.
Django's `M` capitalises every language's abbreviation; `b` does not, so only English uses `M`.
Numbers are left to Django's own formats (they never reach SVG, CSS or JSON: accord.lib.svg)."""
