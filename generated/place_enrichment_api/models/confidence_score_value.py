from enum import StrEnum


class ConfidenceScoreValue(StrEnum):
    HIGH = "HIGH"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    NONE = "NONE"
    VERY_HIGH = "VERY_HIGH"

    def __str__(self) -> str:
        return str(self.value)
