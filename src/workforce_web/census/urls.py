from django.urls import path

from workforce_web.census import views

app_name = "census"
urlpatterns = [
    path("", views.census_page, name="page"),
    path("<int:year>.xml", views.census_xml, name="xml"),
    path("<int:year>-findings.csv", views.census_findings_csv, name="findings"),
]
