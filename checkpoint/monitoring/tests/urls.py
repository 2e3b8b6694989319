"""The project's URLs plus the monitoring pages, until the project includes them."""

from django.urls import include, path

from config import urls as project

urlpatterns = list(project.urlpatterns)
if not any(str(p.pattern) == "monitoring/" for p in urlpatterns):
    urlpatterns.append(path("monitoring/", include("checkpoint.monitoring.urls")))

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
