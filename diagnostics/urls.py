app_name = "diagnostics"

urlpatterns: list = []
