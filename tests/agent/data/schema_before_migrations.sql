-- The SQLite schema as created on open before versioned migrations (commit 3d77d80).
CREATE TABLE sessions (
	id VARCHAR(36) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	config_json TEXT NOT NULL, 
	overall_score FLOAT, 
	PRIMARY KEY (id)
);
CREATE TABLE mastery (
	record_id VARCHAR(40) NOT NULL, 
	topic VARCHAR(40) NOT NULL, 
	reviews INTEGER NOT NULL, 
	card_json TEXT NOT NULL, 
	due_at DATETIME NOT NULL, 
	last_score FLOAT NOT NULL, 
	mean_score FLOAT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (record_id)
);
CREATE INDEX ix_mastery_topic ON mastery (topic);
CREATE TABLE turns (
	id INTEGER NOT NULL, 
	session_id VARCHAR(36) NOT NULL, 
	seq INTEGER NOT NULL, 
	record_id VARCHAR(40) NOT NULL, 
	question TEXT NOT NULL, 
	topic VARCHAR(40) NOT NULL, 
	difficulty VARCHAR(10) NOT NULL, 
	role VARCHAR(10) NOT NULL, 
	parent_seq INTEGER, 
	lead_in TEXT, 
	focus_json TEXT, 
	outcome VARCHAR(12) NOT NULL, 
	answer_text TEXT, 
	grade_json TEXT, 
	score FLOAT, 
	backend VARCHAR(80), 
	hints INTEGER NOT NULL, 
	asked_at DATETIME NOT NULL, 
	answered_at DATETIME, 
	graded_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX ix_turns_session_id ON turns (session_id);
CREATE TABLE exchanges (
	id INTEGER NOT NULL, 
	session_id VARCHAR(36) NOT NULL, 
	turn_seq INTEGER, 
	after_close BOOLEAN NOT NULL, 
	role VARCHAR(12) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	intent VARCHAR(16), 
	text TEXT NOT NULL, 
	data_json TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX ix_exchanges_session_id ON exchanges (session_id);
