"""WTForms forms (CSRF from Flask-WTF)."""
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])


class SetupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(min=8, message="Use at least 8 characters.")])
    confirm = PasswordField("Password again", validators=[DataRequired(), EqualTo("password", message="The passwords differ.")])


class StartSessionForm(FlaskForm):
    worksheet = SelectField("Worksheet", validators=[DataRequired()])
    title = StringField("Session title (optional)", validators=[Optional(), Length(max=200)])
    # The range is checked by the domain (sessions.clean_min_group), the one place for it.
    min_group = IntegerField("Hide a question’s answers until at least N people answered", default=3,
                             validators=[Optional()])  # empty: the default


class JoinForm(FlaskForm):
    code = StringField("Room code", validators=[DataRequired(message="Type the code shown on the screen."), Length(max=32)])


class ConfirmForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token (log out, end session)."""


class ShareForm(FlaskForm):
    days = IntegerField("Link works for (days)", default=14,
                        validators=[InputRequired(message="Choose how many days the link works."),
                                    NumberRange(min=1, max=365, message="Choose from 1 to 365 days.")])
