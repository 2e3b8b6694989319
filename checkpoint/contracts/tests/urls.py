"""The project's URLs plus the contract pages, until the project includes them itself."""

from django.urls import include, path

from config import urls as project

urlpatterns = list(project.urlpatterns)
if not any(str(p.pattern) == "contracts/" for p in urlpatterns):
    urlpatterns.append(path("contracts/", include("checkpoint.contracts.urls")))

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
