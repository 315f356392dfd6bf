"""Names that vulture (the dead-code check of `make lint`) can not see used.

Vulture reads Python only, and counts a name as used wherever it appears. These are called by
name by Flask, Flask-Login, SQLAlchemy or WTForms, or read only by the Jinja templates. Views,
template helpers, commands and event listeners are known by their decorators, and WTForms'
`validate_<field>` methods by their name ([tool.vulture] in pyproject.toml).
"""

from vulture.whitelists.whitelist_utils import Whitelist

_ = Whitelist()

# Flask: the server-side sessions (app/sessions.py); limits set on the request and response.
_.session_interface
_.null_session_class
_.open_session
_.save_session
_.max_content_length
_.content_length  # a streamed document's length, set on the response
_.max_age
_.sent_form  # on `g`, taken back with g.pop("sent_form")
# Flask-Babel: the domain its gettext and lazy strings use, replaced by app/i18n.py's.
_.domain_instance

# Flask-Login
_.login_view
_.login_message
_.get_id

# SQLAlchemy: a column type's hooks.
_.impl
_.cache_ok
_.load_dialect_impl
_.process_bind_param
_.process_result_value

# WTForms: a field's hooks, and what a field keeps for WTForms to read.
_.pre_validate
_.extra_filters
_.option_widget
_.field_flags
_.process_errors
_.object_data
_.raw_data

# Babel: the definitions' extractor, named in babel.cfg.
_.extract

# Read by the templates only.
_.group_fields  # QuestionForm: components/fields.html
_.confirm  # the declaration's checkbox: apply/check_answers.html
_.change_url  # a summary row: components/summary.html
_.remove_url
_.button  # a casework decision: casework/decide.html
_.amount_note  # a programme's start page: apply/start.html
_.lead
_.who
_.need
_.label_y  # the reports' chart: reports/figures.html
_.bar_y
_.bar_width
_.bar_height
_.device_lang  # how "Listen" reads in the phone's voice: components/listen.html

# Columns kept for the record, written and never read back by the code.
_.uploaded_by_id
_.decided_by_id
_.used_by_id
_.paused_at
# Read only by the queue's template (casework/queue.html).
_.assigned_to_name

# gunicorn: settings and hooks read by name from gunicorn.conf.py.
_.logconfig_dict
_.on_starting
_.child_exit
_.control_socket_disable
_.graceful_timeout
_.workers
_.timeout
_.accesslog
# prometheus_client: a collector's one method, called at each scrape (app/metrics.py).
_.collect
