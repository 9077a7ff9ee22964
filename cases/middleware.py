"""The Portuguese "Página não encontrada" also under DEBUG (make run), where Django would
answer a view's Http404 (another analyst's case) with its English debug page."""

from django.http import Http404
from django.shortcuts import render


class NotFoundPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None
