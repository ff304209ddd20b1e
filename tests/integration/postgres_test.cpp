#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "support/postgres_server.hpp"

using namespace forge::test;

namespace {

struct connection_closer {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct result_clearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using connection_ptr = std::unique_ptr<PGconn, connection_closer>;
using result_ptr = std::unique_ptr<PGresult, result_clearer>;

result_ptr exec(PGconn* connection, const std::string& sql, ExecStatusType expected) {
  result_ptr result(PQexec(connection, sql.c_str()));
  INFO(sql << ": " << PQerrorMessage(connection));
  REQUIRE(PQresultStatus(result.get()) == expected);
  return result;
}

}  // namespace

TEST_CASE("postgres_server fixture: libpq creates, fills and reads a table", "[integration][postgres]") {
  postgres_server server;
  INFO(server.conninfo());

  connection_ptr connection(PQconnectdb(server.conninfo().c_str()));
  REQUIRE(connection);
  INFO(PQerrorMessage(connection.get()));
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  CHECK(std::string(PQdb(connection.get())) == "forge");

  exec(connection.get(), "CREATE TABLE runs (id serial PRIMARY KEY, name text NOT NULL)", PGRES_COMMAND_OK);
  exec(connection.get(), "INSERT INTO runs (name) VALUES ('build'), ('test'), ('deploy')", PGRES_COMMAND_OK);
  result_ptr rows = exec(connection.get(), "SELECT name FROM runs ORDER BY id", PGRES_TUPLES_OK);
  REQUIRE(PQntuples(rows.get()) == 3);
  CHECK(std::string(PQgetvalue(rows.get(), 0, 0)) == "build");
  CHECK(std::string(PQgetvalue(rows.get(), 2, 0)) == "deploy");

  // The URL form reaches the same server and database.
  connection_ptr by_url(PQconnectdb(server.url().c_str()));
  REQUIRE(PQstatus(by_url.get()) == CONNECTION_OK);
  result_ptr count = exec(by_url.get(), "SELECT count(*) FROM runs", PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(count.get(), 0, 0)) == "3");
}

TEST_CASE("postgres_server fixture: listens on 127.0.0.1 only, with its socket in the temp dir",
          "[integration][postgres]") {
  postgres_server server;
  connection_ptr connection(PQconnectdb(server.conninfo().c_str()));
  REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
  result_ptr listen = exec(connection.get(), "SHOW listen_addresses", PGRES_TUPLES_OK);
  CHECK(std::string(PQgetvalue(listen.get(), 0, 0)) == "127.0.0.1");
  CHECK(std::filesystem::exists(server.socket_dir() / (".s.PGSQL." + std::to_string(server.port()))));
}
