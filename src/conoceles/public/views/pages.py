from django.http import Http404


def privacy_notice(request):
    raise Http404


def about(request):
    raise Http404


def accessibility(request):
    raise Http404
