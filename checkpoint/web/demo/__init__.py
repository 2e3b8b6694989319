"""The demo force: believable synthetic people, custody histories, staff, cases and casework.

`checkpoint demo-data` loads it and `checkpoint demo-logins` lists its sign-ins. Modules:
`staff` (sign-ins), `names` and `population` (people and histories), `offences` (which
offences), `cases` and `scheme` (referrals walked through the lifecycle), `decisions`
(screening decisions made by the real eligibility rules), `casework`, `casework_text` and
`records` (appointments, notes, needs, referrals, contracts, victims, breach and completion),
`documents` (prosecution files and completion letters), `generator` (plan and load),
`writer`, `casework_writer` and `bulk` (fast bulk writes) and `fingerprint`
(reproducibility check).
"""
