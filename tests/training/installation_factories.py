"""People on the user list and their installations, made through the services."""

from engagements.quotes.services import customer_user_add


def person(engagement, user, *, name, email, literacy="medium", device="MacBook Air", os="macOS 14"):
    return customer_user_add(
        engagement=engagement,
        user=user,
        name=name,
        email=email,
        device=device,
        operating_system=os,
        computer_literacy=literacy,
    )
