from django.http import Http404


def profile(request, pk):
    raise Http404


def profile_pdf(request, pk):
    raise Http404


def photo(request, pk):
    raise Http404
