from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Product


def _as_dict(product):
    return {
        "name": product.name,
        "slug": product.slug,
        "description": product.description,
        "price": str(product.price),
        "in_stock": product.in_stock,
    }


@require_GET
def product_list(request):
    products = Product.objects.filter(in_stock=True)
    return JsonResponse({"products": [_as_dict(p) for p in products]})


@require_GET
def product_detail(request, slug):
    product = get_object_or_404(Product, slug=slug)
    return JsonResponse(_as_dict(product))
