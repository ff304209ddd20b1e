#!/usr/bin/python3
"""Writes the N-service benchmark configuration: a `#Service` schema with defaults and constraints,
N service values, and a comprehension expanding each service into a Kubernetes Deployment and
Service. Deterministic: the same N always gives the same files.

  gen_services.py N OUTDIR     -> OUTDIR/schema.cue, OUTDIR/services.cue, OUTDIR/k8s.cue
"""
import os
import random
import sys

SCHEMA = '''package services

import "strings"

#Service: {
	name:  string & strings.MinRunes(1) & =~"^[a-z][a-z0-9-]*$"
	image: =~"^[a-z0-9./-]+:[a-z0-9.-]+$"
	team:  "core" | "data" | "web" | "ops"
	port:     *8080 | int & >0 & <65536
	replicas: *2 | int & >=1 & <=50
	public:   *false | bool
	env: [string]: string
	resources: {
		cpu:    *"250m" | =~"^[0-9]+m$"
		memory: *"256Mi" | =~"^[0-9]+(Mi|Gi)$"
	}
	probe?: {path: *"/healthz" | =~"^/", period: *10 | int & >0}
}

services: [Name=string]: #Service & {name: Name}
'''

K8S = '''package services

objects: {
	for n, s in services {
		"deployment/\\(n)": {
			apiVersion: "apps/v1"
			kind:       "Deployment"
			metadata: {name: n, labels: {app: n, team: s.team}}
			spec: {
				replicas: s.replicas
				selector: matchLabels: app: n
				template: {
					metadata: labels: app: n
					spec: containers: [{
						name:  n
						image: s.image
						ports: [{containerPort: s.port}]
						env: [for k, v in s.env {name: k, value: v}]
						resources: requests: {cpu: s.resources.cpu, memory: s.resources.memory}
						if s.probe != _|_ {
							livenessProbe: {httpGet: {path: s.probe.path, port: s.port}, periodSeconds: s.probe.period}
						}
					}]
				}
			}
		}
		"service/\\(n)": {
			apiVersion: "v1"
			kind:       "Service"
			metadata: {name: n, labels: app: n}
			spec: {
				type: [if s.public {"LoadBalancer"}, "ClusterIP"][0]
				selector: app: n
				ports: [{port: 80, targetPort: s.port}]
			}
		}
	}
}
'''


def service(i, rnd):
    name = f"svc-{i:05d}"
    lines = [f'\t"{name}": {{',
             f'\t\timage: "registry.example.com/{["core", "data", "web", "ops"][i % 4]}/app{i % 97}:1.{i % 13}.{i % 7}"',
             f'\t\tteam:  "{["core", "data", "web", "ops"][i % 4]}"']
    if rnd.random() < 0.5:
        lines.append(f"\t\tport: {1024 + rnd.randrange(60000)}")
    if rnd.random() < 0.4:
        lines.append(f"\t\treplicas: {1 + rnd.randrange(10)}")
    if rnd.random() < 0.2:
        lines.append("\t\tpublic: true")
    nenv = rnd.randrange(4)
    if nenv:
        pairs = ", ".join(f'VAR_{k}: "value-{i}-{k}"' for k in range(nenv))
        lines.append(f"\t\tenv: {{{pairs}}}")
    if rnd.random() < 0.3:
        lines.append(f'\t\tresources: {{cpu: "{100 * (1 + rnd.randrange(8))}m", memory: "{128 * (1 + rnd.randrange(8))}Mi"}}')
    if rnd.random() < 0.3:
        lines.append("\t\tprobe: {}" if rnd.random() < 0.5 else '\t\tprobe: {path: "/ready", period: 5}')
    lines.append("\t}")
    return "\n".join(lines)


def generate(n, outdir):
    os.makedirs(outdir, exist_ok=True)
    rnd = random.Random(n)
    with open(os.path.join(outdir, "schema.cue"), "w") as f:
        f.write(SCHEMA)
    with open(os.path.join(outdir, "k8s.cue"), "w") as f:
        f.write(K8S)
    with open(os.path.join(outdir, "services.cue"), "w") as f:
        f.write("package services\n\nservices: {\n")
        f.write("\n".join(service(i, rnd) for i in range(n)))
        f.write("\n}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(int(sys.argv[1]), sys.argv[2])
