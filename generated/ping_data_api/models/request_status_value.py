from enum import StrEnum


class RequestStatusValue(StrEnum):
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"
    PENDING = "PENDING"
    QUEUED = "QUEUED"

    def __str__(self) -> str:
        return str(self.value)
