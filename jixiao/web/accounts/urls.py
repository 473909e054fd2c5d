from django.urls import path

from . import login_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", login_views.LoginView.as_view(), name="login"),
    path("login/code/", login_views.login_code, name="login_code"),
    path("logout/", login_views.LogoutView.as_view(), name="logout"),
    path("password/", login_views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", login_views.two_factor, name="two_factor"),
    path("users/", views.users, name="users"),
    path("users/<int:user_id>/", views.account, name="account"),
    path("users/<int:user_id>/toggle/", views.toggle_user, name="toggle_user"),
    path("memberships/<int:membership_id>/revoke/", views.revoke_membership, name="revoke_membership"),
    path("administrators/", views.administrators, name="administrators"),
    path("organisations/", views.organisations, name="organisations"),
    path("security/", views.security, name="security"),
]
