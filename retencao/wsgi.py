import os

from django.core.wsgi import get_wsgi_application

from retencao.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "retencao.settings")
application = get_wsgi_application()
settle()
