"""WTForms forms (CSRF from Flask-WTF)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from ..domain.accounts import MIN_PASSWORD
from ..domain.codes import MAX_CODE
from ..domain.sessions import DEFAULT_MIN_GROUP, MAX_TITLE
from ..domain.shares import DEFAULT_DAYS, MAX_DAYS
from ..domain.worksheets import SHARES

# The sharing levels as the facilitator's pages name them (the start form, the worksheet
# editor through worksheets.limits()); the phone names them from the participant's side.
SHARE_NAMES = {"private": "Only the participant", "facilitator": "The facilitator", "group": "The group, anonymously"}


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])


class SetupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, message=f"Use at least {MIN_PASSWORD} characters.")],
    )
    confirm = PasswordField(
        "Password again", validators=[DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class StartSessionForm(FlaskForm):
    worksheet = SelectField("Worksheet", validators=[DataRequired()])
    title = StringField("Session title (optional)", validators=[Optional(), Length(max=MAX_TITLE)])
    # The range is checked by the domain (sessions.clean_min_group), the one place for it.
    min_group = IntegerField(
        "Hide a question’s answers until at least N people answered", default=DEFAULT_MIN_GROUP, validators=[Optional()]
    )  # empty: the default
    # Every question's default sharing level (where the worksheet did not fix it); "" keeps
    # the worksheet's own. The levels are the domain's (worksheets.SHARES).
    share = SelectField(
        "Answers are shared by default with",
        choices=[SelectChoice("", "As the worksheet says"), *(SelectChoice(v, SHARE_NAMES[v]) for v in SHARES)],
        default="",
    )


class JoinForm(FlaskForm):
    code = StringField(
        "Room code", validators=[DataRequired(message="Type the code shown on the screen."), Length(max=MAX_CODE)]
    )


class ConfirmForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token (log out, end session)."""


class ShareForm(FlaskForm):
    days = IntegerField(
        "Link works for (days)",
        default=DEFAULT_DAYS,
        validators=[
            InputRequired(message="Choose how many days the link works."),
            NumberRange(min=1, max=MAX_DAYS, message=f"Choose from 1 to {MAX_DAYS} days."),
        ],
    )
    # Its length and whitespace are checked by the domain (shares.clean_label), the one place for them.
    label = StringField("Label (optional)", validators=[Optional()])
