"""docker-compose.yml has the shape of `make cluster`: web and worker scalable behind a
load balancer, exactly one beat, uploads in volumes every app container shares. No Docker
engine runs the tests, so this reads the file (and haproxy checks its configuration)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_web_and_worker_can_be_scaled(compose):
    services = compose["services"]
    for name in ("web", "worker"):
        service = services[name]
        assert "container_name" not in service, f"{name} has a fixed container name"
        # A fixed host port would clash from the second container on.
        assert not service.get("ports"), f"{name} publishes a host port"
        assert service["build"] == "."
    assert "--workers" not in services["web"]["command"]  # WEB_CONCURRENCY decides


def test_exactly_one_beat_and_no_beat_inside_a_worker(compose):
    services = compose["services"]
    beats = [name for name, s in services.items() if "beat" in (s.get("command") or [])]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    worker = services["worker"]["command"]
    assert "-B" not in worker and "--beat" not in worker


def test_the_load_balancer_fronts_the_web_containers(compose):
    lb = compose["services"]["lb"]
    assert lb["image"].startswith("haproxy:")
    assert lb["ports"] == ["127.0.0.1:8000:8000"]
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in lb["volumes"]
    config = (BASE_DIR / "deploy" / "haproxy.cfg").read_text()
    assert "server-template web- 10 web:8000 check" in config
    assert "gt 67108864" in config  # the body-size limit
    assert compose["x-portal-env"]["TRUSTED_PROXY_COUNT"] == "1"


def test_app_containers_share_the_upload_volumes_and_the_redis_cache(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        volumes = services[name]["volumes"]
        assert "media:/app/data/media" in volumes, name
        assert "private:/app/data/private" in volumes, name
    env = compose["x-portal-env"]
    assert env["CACHE_URL"].startswith("redis://")
    assert env["CACHE_URL"] != env["REDIS_URL"]  # clearing the cache must not drop tasks


def test_the_compose_haproxy_configuration_is_valid():
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed")
    result = subprocess.run(  # noqa: S603
        [haproxy, "-c", "-f", str(BASE_DIR / "deploy" / "haproxy.cfg")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stdout + result.stderr
