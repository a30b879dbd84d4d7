"""Reading, writing and scoring the public benchmark releases (SemEval-2025 Task 10)."""
