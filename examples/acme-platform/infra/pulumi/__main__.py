"""Acme platform infrastructure."""
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
domain = config.require("domain")
instance_count = config.require_int("instanceCount")
db_password = config.require_secret("dbPassword")
grafana_admin_password = config.get_secret("grafanaAdminPassword")

uploads = aws.s3.BucketV2("uploads", bucket="acme-uploads-prod")
db_password_param = aws.ssm.Parameter(
    "db-password", type="SecureString", name="/acme/prod/db_password", value=db_password
)

pulumi.export("uploads_bucket", uploads.bucket)
pulumi.export("domain", domain)
