from enum import StrEnum


class BatchStatusValue(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
