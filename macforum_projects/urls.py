from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from sesame.views import LoginView as SesameLoginView

from engagements import auth_views as link_views
from engagements import views as engagement_views

urlpatterns = [
    path("", engagement_views.home, name="home"),
    path("login/", link_views.SignInView.as_view(), name="login"),
    path("account/two-factor/", include("engagements.two_factor_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/link/", link_views.login_link_request, name="login_link"),
    path("login/link/sent/", link_views.login_link_sent, name="login_link_sent"),
    path("login/link/use/", SesameLoginView.as_view(), name="login_link_use"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("engagements/", include("engagements.urls")),
    path("book-a-meeting/", include("engagements.booking.urls")),
    path("quotes/", include("engagements.quotes.urls")),
    path("planning/", include("engagements.planning.urls")),
    path("privacy/", include("engagements.privacy.urls")),
    path("migration/", include("migration.urls")),
    path("dropbox/", include("dropbox_integration.urls")),
    path("licensing/folders/", include("licensing.folders.urls")),
    path("licensing/", include("licensing.urls")),
    path("training/installation/", include("training.installation.urls")),
    path("training/", include("training.urls")),
    path("decommission/", include("decommission.urls")),
    path("invoicing/", include("invoicing.urls")),
    path("feedback/", include("feedback.urls")),
]

admin.site.site_header = "Macforum Projects"
admin.site.site_title = "Macforum Projects"

# Branded error pages in the user's language (issue 10 §5); CSRF_FAILURE_VIEW in settings.
handler400 = "macforum_projects.error_views.bad_request"
handler403 = "macforum_projects.error_views.permission_denied"
handler404 = "macforum_projects.error_views.page_not_found"
handler500 = "macforum_projects.error_views.server_error"
