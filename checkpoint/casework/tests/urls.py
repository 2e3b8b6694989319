"""The project's URLs plus the victims and contract pages, until the project includes them."""

from django.urls import include, path

from config import urls as project

urlpatterns = list(project.urlpatterns)
for prefix, module in (
    ("victims/", "checkpoint.victims.urls"),
    ("contracts/", "checkpoint.contracts.urls"),
):
    if not any(str(p.pattern) == prefix for p in urlpatterns):
        urlpatterns.append(path(prefix, include(module)))

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
