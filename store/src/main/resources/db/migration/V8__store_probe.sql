-- One row that the readiness check writes while the database refuses writes (disk full, read-only), so that a node
-- taken out of a load balancer's rotation notices by itself when writes work again (issue 11).
CREATE TABLE store_probe (
    id         INT     NOT NULL,
    probed_at  BIGINT  NOT NULL,
    CONSTRAINT pk_store_probe PRIMARY KEY (id),
    CONSTRAINT ck_store_probe_single_row CHECK (id = 1)
);
INSERT INTO store_probe (id, probed_at) VALUES (1, 0);
