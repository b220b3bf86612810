"""Small roadmaps for tests that need only a few items."""

from __future__ import annotations

# A personal item for everyone and one class item (answered per class and school year), both
# due 14 days from joining or from taking the class.
CLASS_PLAN = """
name = "План"
source = "тест"

[[items]]
code = "order_read"
ref = "п. 1"
title = "Прочитан приказ"
howto = "Прочитайте приказ."
roles = ["teacher", "admin", "class_teacher"]
kinds = ["school"]
scope = "personal"
due_days = 14

[[items]]
code = "chat_parents"
ref = "п. 2"
title = "Создан чат с родителями"
howto = "Создайте чат."
roles = ["class_teacher"]
kinds = ["school"]
scope = "class"
due_days = 14
"""
