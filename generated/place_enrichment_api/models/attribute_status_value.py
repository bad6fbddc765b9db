from enum import StrEnum


class AttributeStatusValue(StrEnum):
    ADDED = "ADDED"
    CORRECTED = "CORRECTED"
    ERROR = "ERROR"
    NOT_ENRICHED = "NOT ENRICHED"
    NOT_FOUND = "NOT FOUND"
    NOT_RUN = "NOT_RUN"
    NOT_VERIFIED = "NOT VERIFIED"
    RUN = "RUN"
    RUN_CONDITION_FAILED = "RUN_CONDITION_FAILED"
    VERIFIED = "VERIFIED"

    def __str__(self) -> str:
        return str(self.value)
