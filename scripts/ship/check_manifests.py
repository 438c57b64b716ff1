"""Checks the objects of one overlay as the API server returns them (kubectl get -o json, defaults filled in):
   python3 check_manifests.py sqlite|postgresql OBJECTS.json WRITABLE_MOUNT...
Prints one line per check; exits 1 if any fails."""
import base64
import ipaddress
import json
import sys

overlay, path, writable = sys.argv[1], sys.argv[2], sys.argv[3:]
items = json.load(open(path))["items"]
failures = []


def check(what, ok, detail=""):
    print("[manifests] %s %s: %s%s" % (overlay, "ok" if ok else "FAILED", what, "" if ok else " (%s)" % detail))
    if not ok:
        failures.append(what)


def one(kind, name):
    found = [i for i in items if i["kind"] == kind and i["metadata"]["name"] == name]
    return found[0] if found else None


deployment = one("Deployment", "ainfinity")
if deployment is None:
    sys.exit("[manifests] %s FAILED: no Deployment ainfinity" % overlay)
pod = deployment["spec"]["template"]["spec"]
container = next(c for c in pod["containers"] if c["name"] == "ainfinity")
env = {e["name"]: e for e in container.get("env", [])}
volumes = {v["name"]: v for v in pod["volumes"]}
secrets = {i["metadata"]["name"]: i for i in items if i["kind"] == "Secret"}
labels = deployment["spec"]["template"]["metadata"]["labels"]

spec = deployment["spec"]
if overlay == "sqlite":
    check("one replica, replaced not rolled (ReadWriteOnce data)",
          spec["replicas"] == 1 and spec["strategy"]["type"] == "Recreate", (spec["replicas"], spec["strategy"]))
else:
    check("three replicas, rolled one at a time without losing capacity (maxSurge 1, maxUnavailable 0)",
          spec["replicas"] == 3 and spec["strategy"] == {"type": "RollingUpdate",
                                                         "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
          (spec["replicas"], spec["strategy"]))
check("the selector matches the template", spec["selector"]["matchLabels"].items() <= labels.items())
sa = pod.get("serviceAccountName")
check("runs as ServiceAccount ainfinity, which exists", sa == "ainfinity" and one("ServiceAccount", sa) is not None, sa)

psc, csc = pod.get("securityContext", {}), container.get("securityContext", {})
check("pod: non-root uid 10001, fsGroup 10001, RuntimeDefault seccomp",
      psc.get("runAsNonRoot") is True and psc.get("runAsUser") == 10001 and psc.get("fsGroup") == 10001
      and psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", psc)
check("container: read-only root, no privilege escalation, all capabilities dropped",
      csc.get("readOnlyRootFilesystem") is True and csc.get("allowPrivilegeEscalation") is False
      and csc.get("capabilities", {}).get("drop") == ["ALL"], csc)

ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
for probe, path_ in (("livenessProbe", "/q/health/live"), ("readinessProbe", "/q/health/ready"),
                     ("startupProbe", "/q/health/started")):
    get = container.get(probe, {}).get("httpGet", {})
    check("%s: GET %s on 8000" % (probe, path_),
          get.get("path") == path_ and get.get("port") in (8000, "http") and get.get("scheme") == "HTTP", get)
startup = container["startupProbe"]
window = startup["initialDelaySeconds"] + startup["failureThreshold"] * startup["periodSeconds"]
check("the start-up probe allows at least 60 s (%d s)" % window, window >= 60)
check("port 8000 named http", ports == {"http": 8000}, ports)

limits = container.get("resources", {}).get("limits", {})
check("memory limit 1Gi (what src/main/jvm/jvm.options is sized for)", limits.get("memory") == "1Gi", limits)

grace = env.get("AINFINITY_WORKER_POOL_SHUTDOWN_GRACE", {}).get("value", "0S")
delay = env.get("QUARKUS_SHUTDOWN_DELAY", {}).get("value", "0S")
pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
needed = (int(grace.rstrip("Ss")) + int(delay.rstrip("Ss")) + (int(pre_stop[1]) if pre_stop[:1] == ["sleep"] else 0))
check("termination grace %s s covers the worker pool's %s, the shutdown delay %s and the preStop sleep" % (
    pod["terminationGracePeriodSeconds"], grace, delay), pod["terminationGracePeriodSeconds"] > needed)

mounts = container.get("volumeMounts", [])
check("every mount names a volume", all(m["name"] in volumes for m in mounts), mounts)
rw = sorted(m["mountPath"] for m in mounts if not m.get("readOnly", False))
check("writable mounts are exactly %s" % " ".join(writable), rw == sorted(writable), rw)

refs = [(e["name"], e["valueFrom"]["secretKeyRef"]) for e in env.values()
        if "secretKeyRef" in e.get("valueFrom", {})]
for var, ref in refs:
    secret = secrets.get(ref["name"], {})
    check("%s from Secret %s key %s, which exists" % (var, ref["name"], ref["key"]),
          ref["key"] in secret.get("data", {}) and not ref.get("optional", False))
for m in mounts:
    volume = volumes[m["name"]]
    if "secret" in volume:
        name = volume["secret"]["secretName"]
        keys = secrets.get(name, {}).get("data", {})
        check("Secret %s mounted read-only at %s, mode 0440, holds verify-key.pem" % (name, m["mountPath"]),
              m.get("readOnly") is True and volume["secret"].get("defaultMode") == 0o440 and "verify-key.pem" in keys,
              (m, volume, sorted(keys)))
        key_path = env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION", {}).get("value")
        check("MP_JWT_VERIFY_PUBLICKEY_LOCATION points into it", key_path == m["mountPath"] + "/verify-key.pem",
              key_path)
for name, secret in secrets.items():
    values = [base64.b64decode(v).decode() for v in secret.get("data", {}).values()]
    check("Secret %s holds placeholders only" % name, all(v.startswith("REPLACE_WITH_") for v in values), values)

service = one("Service", "ainfinity")
check("Service ainfinity exists", service is not None)
if service:
    sp = service["spec"]["ports"]
    check("Service: port 80 to the container's http port",
          len(sp) == 1 and sp[0]["port"] == 80 and sp[0]["targetPort"] in (8000, "http"), sp)
    selector = service["spec"]["selector"]
    check("Service selects the pods", selector.items() <= labels.items(), selector)
    ip = service["spec"].get("clusterIP")
    check("Service got a cluster IP (%s)" % ip, ip and ipaddress.ip_address(ip) in ipaddress.ip_network("10.96.0.0/24"))
annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
check("Prometheus scrapes /q/metrics on 8000",
      annotations.get("prometheus.io/path") == "/q/metrics" and annotations.get("prometheus.io/port") == "8000")

data = volumes.get("data", {})
pvc = one("PersistentVolumeClaim", "ainfinity-data")
if overlay == "sqlite":
    claim = data.get("persistentVolumeClaim", {}).get("claimName")
    check("data is the claim ainfinity-data", claim == "ainfinity-data", data)
    check("the claim exists: ReadWriteOnce, 10Gi", pvc is not None and pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
          and pvc["spec"]["resources"]["requests"]["storage"] == "10Gi", pvc and pvc["spec"])
    check("the SQLite store (the default)", env.get("AINFINITY_STORE_KIND", {}).get("value", "sqlite") == "sqlite")
    check("no PodDisruptionBudget (with one replica it would hold every drain up)",
          not any(i["kind"] == "PodDisruptionBudget" for i in items))
else:
    check("data is an emptyDir and no claim is made", "emptyDir" in data and "persistentVolumeClaim" not in data
          and pvc is None, data)
    check("the PostgreSQL store", env.get("AINFINITY_STORE_KIND", {}).get("value") == "postgresql")
    ticket_key = env.get("AINFINITY_SECURITY_STREAM_TICKET_KEY", {}).get("valueFrom", {}).get("secretKeyRef", {})
    check("every replica signs stream tickets with the key in Secret ainfinity-stream-tickets",
          ticket_key.get("name") == "ainfinity-stream-tickets", ticket_key)
    check("readiness goes DOWN 5 s before requests stop (QUARKUS_SHUTDOWN_DELAY)", delay == "5S", delay)
    budgets = [i for i in items if i["kind"] == "PodDisruptionBudget"]
    budget = budgets[0]["spec"] if len(budgets) == 1 else {}
    check("one PodDisruptionBudget: one replica at a time, selects the pods, unready pods evictable",
          budget.get("maxUnavailable") == 1 and budget.get("unhealthyPodEvictionPolicy") == "AlwaysAllow"
          and budget.get("selector", {}).get("matchLabels", {"": ""}).items() <= labels.items(), budgets)
    preferred = pod.get("affinity", {}).get("podAntiAffinity", {}).get(
        "preferredDuringSchedulingIgnoredDuringExecution", [])
    check("replicas prefer different nodes (anti-affinity on kubernetes.io/hostname, matching the pods)",
          any(t["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
              and t["podAffinityTerm"]["labelSelector"]["matchLabels"].items() <= labels.items() for t in preferred),
          preferred)
    spread = pod.get("topologySpreadConstraints", [])
    check("replicas spread over zones where the cluster has them (ScheduleAnyway)",
          any(c["topologyKey"] == "topology.kubernetes.io/zone" and c["whenUnsatisfiable"] == "ScheduleAnyway"
              for c in spread), spread)
    check("the database URL, user and password come from Secret ainfinity-db",
          {v for v, r in refs if r["name"] == "ainfinity-db"} == {"AINFINITY_DB_URL", "AINFINITY_DB_USER",
                                                                 "AINFINITY_DB_PASSWORD"})

print("[manifests] %s: %d checks failed" % (overlay, len(failures)))
sys.exit(1 if failures else 0)
