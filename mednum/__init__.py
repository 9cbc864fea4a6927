"""MedNum's composition root package.

Importing it installs the domain's validators (domain.verification) implemented with
maintained libraries: every entry point (web app, CLI, jobs) and the test suite import
`mednum`, so the pure domain finds them without importing a library itself.
"""

from mednum.infra.validation import installer_verificateurs

installer_verificateurs()
