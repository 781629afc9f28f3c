package dev.sidecars.adapter;

import io.vertx.core.Future;

/** One health check. {@link #run()} always succeeds: a failure is an {@link Outcome} with a reason. */
interface Check {

    String name();

    Future<Outcome> run();
}
