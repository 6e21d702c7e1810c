from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from workforce_web.accounts.views import audit_log
from workforce_web.home.views import home
from workforce_web.people.views import people_list, person_detail
from workforce_web.uploads.views import upload

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", people_list, name="people"),
    path("people/<str:staff_id>/", person_detail, name="person"),
    path("imports/", upload, name="upload"),
    path("audit/", audit_log, name="audit_log"),
    path("dashboards/", include("workforce_web.dashboards.urls")),
    path("strategy/", include("workforce_web.strategy.urls")),
    path("reports/", include("workforce_web.reports.urls")),
    path("census/", include("workforce_web.census.urls")),
    path("healthz", lambda request: HttpResponse("ok"), name="healthz"),
]
