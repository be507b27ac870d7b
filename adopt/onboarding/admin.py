from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.onboarding.models import DeletionRequest, Enquiry, Invitation, MembershipRequest
from adopt.onboarding.services import deletion_process


@admin.register(DeletionRequest)
class DeletionRequestAdmin(PolicyModelAdmin):
    list_display = ["email_at_request", "status", "created_at", "processed_at"]
    list_filter = ["status"]
    actions = ["anonymise"]

    @admin.action(description="Anonymise the selected people and close their requests")
    def anonymise(self, request: HttpRequest, queryset: QuerySet[DeletionRequest]) -> None:
        pending = list(queryset.filter(status=DeletionRequest.Status.PENDING))
        for deletion in pending:
            deletion_process(deletion)
        self.message_user(request, f"{len(pending)} account(s) anonymised.", messages.SUCCESS)


@admin.register(Enquiry)
class EnquiryAdmin(PolicyModelAdmin):
    list_display = ["company_name", "name", "email", "programme", "status", "created_at"]
    list_filter = ["status", "programme"]
    search_fields = ["company_name", "name", "email", "companies_house_number"]


@admin.register(Invitation)
class InvitationAdmin(PolicyModelAdmin):
    list_display = ["email", "company", "invited_by", "expires_at", "accepted_at", "revoked_at"]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(PolicyModelAdmin):
    list_display = ["user", "company", "status", "created_at"]
    list_filter = ["status"]
