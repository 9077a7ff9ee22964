import os

from django.core.asgi import get_asgi_application

from retencao.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "retencao.settings")
application = get_asgi_application()
settle()
