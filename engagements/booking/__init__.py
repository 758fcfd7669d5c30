"""The public "Book a meeting" page (issue 15): a prospect asks for a first call, an engagement
in discovery is opened for a seller, both sides are told by e-mail. Not a Django app of its own:
its models (MeetingRequest, SellerRotation) belong to `engagements`."""
