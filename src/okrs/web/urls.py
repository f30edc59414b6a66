"""Routes of the web app: pages, edit forms, HTMX endpoints and sign-in."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from okrs.web.forms import EmailAuthenticationForm
from okrs.web.views import (
    cycles,
    dashboard,
    editing,
    gallery,
    lint,
    objectives,
    overview,
    people,
    review,
    rules,
    teams,
)
from okrs.web.views.signin import LimitedPasswordResetForm

auth = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="okrs/auth/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="okrs/auth/password_reset_form.html",
            form_class=LimitedPasswordResetForm,
            email_template_name="okrs/auth/password_reset_email.txt",
            subject_template_name="okrs/auth/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="okrs/auth/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="okrs/auth/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="okrs/auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    *auth,
    path("", dashboard.dashboard, name="dashboard"),
    path("present/", dashboard.present, name="present"),
    path("present/<str:key>/", dashboard.present, name="present-team"),
    path("cycles/", cycles.cycle_list, name="cycles"),
    path("cycles/new/", cycles.cycle_new, name="cycle-new"),
    path("cycles/<str:key>/edit/", cycles.cycle_edit, name="cycle-edit"),
    path("cycles/<str:key>/state/", cycles.cycle_state, name="cycle-state"),
    path("cycles/<str:key>/delete/", cycles.cycle_delete, name="cycle-delete"),
    path("cycles/<str:key>/review/", review.cycle_review, name="cycle-review"),
    path(
        "cycles/<str:key>/review/survey/<str:team>/",
        review.survey_answer,
        name="clarity-survey",
    ),
    path("teams/", teams.team_list, name="teams"),
    path("teams/new/", teams.team_new, name="team-new"),
    path("teams/<str:key>/", teams.team_detail, name="team"),
    path("teams/<str:key>/edit/", teams.team_edit, name="team-edit"),
    path("teams/<str:key>/members/", people.team_members, name="team-members"),
    path("teams/<str:key>/members/remove/", people.team_member_remove, name="team-member-remove"),
    path("teams/<str:key>/members/lead/", people.team_member_lead, name="team-member-lead"),
    path("people/", people.people_list, name="people"),
    path("people/invite/", people.person_invite, name="person-invite"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/active/", people.person_active, name="person-active"),
    path("objectives/new/", editing.objective_new, name="objective-new"),
    path("objectives/new/lint/", lint.objective_lint, name="objective-lint-new"),
    path("objectives/<str:key>/", objectives.objective_detail, name="objective"),
    path("objectives/<str:key>/edit/", editing.objective_edit, name="objective-edit"),
    path("objectives/<str:key>/edit/lint/", lint.objective_lint, name="objective-lint"),
    path("objectives/<str:key>/comments/", objectives.comment_add, name="comment-add"),
    path("comments/<int:pk>/edit/", objectives.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", objectives.comment_delete, name="comment-delete"),
    path("objectives/<str:key>/review/", review.objective_review, name="objective-review"),
    path("objectives/<str:key>/copy/", editing.objective_copy, name="objective-copy"),
    path("objectives/<str:key>/key-results/new/", editing.key_result_new, name="key-result-new"),
    path(
        "objectives/<str:key>/key-results/new/lint/",
        lint.key_result_lint_new,
        name="key-result-lint-new",
    ),
    path("key-results/<str:key>/edit/", editing.key_result_edit, name="key-result-edit"),
    path("key-results/<str:key>/edit/lint/", lint.key_result_lint, name="key-result-lint"),
    path("key-results/<str:key>/check-in/", objectives.check_in, name="check-in"),
    path("initiatives/new/", editing.initiative_new, name="initiative-new"),
    path("initiatives/<str:key>/edit/", editing.initiative_edit, name="initiative-edit"),
    path("alignment/", overview.alignment, name="alignment"),
    path("alignment/unaligned/", overview.alignment_unaligned, name="alignment-unaligned"),
    path("alignment/<str:key>/children/", overview.alignment_branch, name="alignment-branch"),
    path("roadmap/", overview.roadmap, name="roadmap"),
    path("roadmap/objectives/", overview.roadmap_objectives, name="roadmap-objectives"),
    path("roadmap/splits/", overview.roadmap_splits, name="roadmap-splits"),
    path("templates/", gallery.template_gallery, name="templates"),
    path("templates/<slug:slug>/", gallery.template_use, name="template"),
    path("coach/rules/", rules.rule_list, name="coach-rules"),
    path("coach/rules/<str:code>/", rules.rule_detail, name="coach-rule"),
]
