"""The demo force: believable synthetic people, custody histories, staff and cases.

`checkpoint demo-data` loads it and `checkpoint demo-logins` lists its sign-ins. Modules:
`staff` (sign-ins), `names` and `population` (people and histories), `offences` (which
offences), `cases` and `scheme` (referrals walked through the lifecycle), `decisions`
(screening decisions made by the real eligibility rules), `generator` (plan and load),
`writer` (bulk writes) and `fingerprint` (reproducibility check).
"""
