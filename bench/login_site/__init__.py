"""The site that ``bench/login.py`` signs in to: the example site, instrumented."""
