from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
