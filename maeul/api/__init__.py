"""The HTTP API (django-ninja): thin — parses, calls services and selectors, serialises."""
