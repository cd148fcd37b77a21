from django import template

from publishing.desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/publishing/desk.html", takes_context=True)
def staff_desk(context):
    """The desk of the signed-in staff member, above the admin's list of models."""
    request = context["request"]
    return {"desk": desk_for(request.user), "request": request}
