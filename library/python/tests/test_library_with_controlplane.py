"""The composed library against the real control plane: register, config, logs, egress, stop."""

import asyncio
import json
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from scl_library import EgressRequest, Library, LibraryOptions, load_settings
from scl_library.feature import Exchange

DEFAULTS = {"logLevel": "info", "pageSizeMax": 100}


async def _eventually(check, timeout_seconds=10.0):
    deadline = time.monotonic() + timeout_seconds
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.05)


def _library(url, instance_id, port, service="customers", settings=None):
    return Library(
        LibraryOptions(
            service=service,
            instance_id=instance_id,
            controlplane_url=url,
            advertise_address="127.0.0.1",
            advertise_port=port,
            config_defaults=DEFAULTS,
            settings=settings or load_settings({"SCL_LOGS_FLUSH_INTERVAL_SECONDS": "0.05"}),
        )
    )


def test_a_started_library_registers_pulls_config_and_ships_logs_and_stop_undoes_it(controlplane_url):
    async def scenario():
        async with httpx.AsyncClient(base_url=controlplane_url) as cp:
            await cp.delete("/v1/logs")
            library = _library(controlplane_url, "customers-t1", 7999)
            seen_versions = []
            library.on_config(lambda applied: seen_versions.append(applied.version))
            await library.start()

            instances = (await cp.get("/v1/registry/services/customers")).json()["instances"]
            assert [(i["id"], i["port"], i["status"]) for i in instances] == [("customers-t1", 7999, "passing")]
            assert library.config().version >= 1  # the control plane seeds config.defaults.json as version 1

            put = await cp.put("/v1/config/customers", json={"logLevel": "warn", "pageSizeMax": 7})
            new_version = put.json()["version"]

            async def applied():
                return library.config().version == new_version

            assert await _eventually(applied, 2.0)
            assert library.config().config["pageSizeMax"] == 7
            assert seen_versions[-1] == new_version

            library.log.warn("customer.created", "created", customer_id=1)
            library.log.info("customer.created", "below warn: not written")
            library.observe(Exchange("/customers/{id}", "GET", 200, 0.002, "req-1"))  # info: filtered too
            await library.stop()

            instances = (await cp.get("/v1/registry/services/customers")).json()["instances"]
            assert instances == []
            records = (await cp.get("/v1/logs/records", params={"instance": "customers-t1"})).json()["records"]
            assert [(r["severityText"], r["attributes"]["event"], r["attributes"]["seq"]) for r in records] == [
                ("WARN", "customer.created", 1)
            ]
            assert records[0]["lang"] == "python"
            assert records[0]["mode"] == "library"
            stats = (await cp.get("/v1/logs/stats", params={"service": "customers"})).json()
            assert stats["total"]["missing"] == 0
            assert stats["total"]["duplicates"] == 0

    asyncio.run(scenario())


def test_egress_finds_a_registered_instance_and_refuses_an_unknown_service(controlplane_url):
    async def answer(request):
        return JSONResponse({"id": 1, "request_id": request.headers.get("x-request-id")})

    async def scenario():
        server = uvicorn.Server(
            uvicorn.Config(
                Starlette(routes=[Route("/customers/1", answer)]), port=0, log_level="warning", lifespan="off"
            )
        )
        serving = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn says it started with a flag, not an event
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        downstream = _library(controlplane_url, "customers-t2", port)
        caller = _library(controlplane_url, "web-t2", 1, service="web")
        await downstream.start()
        await caller.start()
        try:
            found = await caller.egress("customers", EgressRequest("GET", "/customers/1", {"x-request-id": "abc"}))
            assert found.status == 200
            assert json.loads(found.body) == {"id": 1, "request_id": "abc"}
            unknown = await caller.egress("nosuchservice", EgressRequest("GET", "/"))
            assert (unknown.status, unknown.error_kind) == (502, "unknown_service")
            scraped = caller.scrape()
            assert scraped is not None
            assert b'scl_egress_requests_total{method="GET",status="200",target="customers"} 1.0' in scraped[0]
        finally:
            await caller.stop()
            await downstream.stop()
            server.should_exit = True
            await serving

    asyncio.run(scenario())
