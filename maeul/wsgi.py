"""WSGI entry point for gunicorn: ``gunicorn maeul.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maeul.settings")
application = get_wsgi_application()

# The release stamp of cached page parts walks the package's files once (about 10-25 ms):
# pay it while the worker starts, not in its first visitor's request.
from maeul.core.fragments import release  # noqa: E402

release()
